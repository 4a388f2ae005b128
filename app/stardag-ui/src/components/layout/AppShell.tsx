import { RefreshCw, Search } from "lucide-react";
import * as React from "react";
import { NavLink, Outlet, useNavigate } from "react-router";

import { useIsFetching } from "@tanstack/react-query";

import { SignOutButton } from "@/auth/SignIn";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { POLL_INTERVAL_CHOICES, usePollIntervalSetting } from "@/lib/poll-interval";
import { cn } from "@/lib/utils";
import { useLiveStatus } from "@/live/LiveUpdates";

function NavItem({ to, children, end }: { to: string; children: React.ReactNode; end?: boolean }) {
  return (
    <NavLink
      to={to}
      end={end}
      className={({ isActive }) =>
        cn(
          "rounded-md px-3 py-1.5 text-sm font-medium transition-colors",
          isActive ? "bg-muted text-foreground" : "text-muted-foreground hover:text-foreground",
        )
      }
    >
      {children}
    </NavLink>
  );
}

/** Jump to a task by id or id prefix. */
function GoToTask() {
  const navigate = useNavigate();
  const [value, setValue] = React.useState("");
  return (
    <form
      className="relative w-56"
      onSubmit={(event) => {
        event.preventDefault();
        const id = value.trim();
        if (id) navigate(`/tasks/${encodeURIComponent(id)}`);
        setValue("");
      }}
    >
      <Search className="pointer-events-none absolute left-2.5 top-1/2 size-3.5 -translate-y-1/2 text-muted-foreground" />
      <Input
        aria-label="Go to task id"
        placeholder="Go to task id…"
        className="h-8 pl-8 text-xs"
        value={value}
        onChange={(event) => setValue(event.target.value)}
      />
    </form>
  );
}

function RefreshSetting() {
  const { intervalMs, setIntervalMs } = usePollIntervalSetting();
  const fetching = useIsFetching() > 0;
  const live = useLiveStatus();
  if (live === "live") {
    return (
      <span
        className="flex items-center gap-1.5 text-xs text-emerald-700"
        title="Updates arrive from the server's event stream as they happen"
        data-testid="live-indicator"
      >
        <span className="size-2 animate-pulse rounded-full bg-emerald-500" aria-hidden />
        Live
      </span>
    );
  }
  return (
    <label className="flex items-center gap-1.5 text-xs text-muted-foreground" title="Auto-refresh while tasks are pending or running">
      <RefreshCw className={cn("size-3.5", fetching && "animate-spin")} aria-hidden />
      <NativeSelect
        aria-label="Auto-refresh interval"
        className="w-24 [&_select]:h-8 [&_select]:text-xs"
        value={String(intervalMs)}
        onChange={(event) => setIntervalMs(Number(event.target.value))}
      >
        {POLL_INTERVAL_CHOICES.map((ms) => (
          <option key={ms} value={ms}>
            {ms === 0 ? "Off" : `${ms / 1000} s`}
          </option>
        ))}
      </NativeSelect>
    </label>
  );
}

/** Header with navigation, task jump box and auto-refresh setting; pages render below. */
export function AppShell() {
  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-20 border-b bg-card/90 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-screen-2xl items-center gap-6 px-6">
          <NavLink to="/" className="flex items-center gap-2 font-semibold tracking-tight">
            <span className="grid size-7 place-items-center rounded-md bg-primary text-primary-foreground">✶</span>
            Stardag
          </NavLink>
          <nav className="flex items-center gap-1">
            <NavItem to="/" end>
              Overview
            </NavItem>
            <NavItem to="/builds">Builds</NavItem>
            <NavItem to="/tasks">Tasks</NavItem>
            <NavItem to="/stats">Stats</NavItem>
          </nav>
          <div className="ml-auto flex items-center gap-3">
            <GoToTask />
            <RefreshSetting />
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-screen-2xl px-6 py-6">
        <Outlet />
      </main>
    </div>
  );
}
