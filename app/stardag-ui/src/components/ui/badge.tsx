import { cva, type VariantProps } from "class-variance-authority";
import * as React from "react";

import { cn } from "@/lib/utils";

const badgeVariants = cva(
  "inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap",
  {
    variants: {
      variant: {
        default: "border-transparent bg-primary text-primary-foreground",
        outline: "bg-card text-foreground",
        secondary: "border-transparent bg-muted text-muted-foreground",
        pending: "border-slate-200 bg-slate-50 text-slate-600",
        running: "border-sky-200 bg-sky-50 text-sky-700",
        completed: "border-emerald-200 bg-emerald-50 text-emerald-700",
        failed: "border-red-200 bg-red-50 text-red-700",
        upstream_failed: "border-fuchsia-200 bg-fuchsia-50 text-fuchsia-700",
        skipped: "border-emerald-100 bg-white text-emerald-600",
        cancelled: "border-slate-200 bg-white text-slate-500",
      },
    },
    defaultVariants: { variant: "default" },
  },
);

export interface BadgeProps
  extends React.HTMLAttributes<HTMLSpanElement>,
    VariantProps<typeof badgeVariants> {}

export function Badge({ className, variant, ...props }: BadgeProps) {
  return <span className={cn(badgeVariants({ variant }), className)} {...props} />;
}

export { badgeVariants };
