#!/usr/bin/env node
/**
 * What a web page on another origin can do to a registry, tried in headless Chromium.
 *
 *   node e2e/cross-origin.mjs --attacker http://127.0.0.1:PORT1 --api http://127.0.0.1:PORT2
 *
 * Opens the attacker's page and, from it, tries every cross-site write a browser allows
 * without the registry's consent (no-cors fetch with text/plain, sendBeacon, a form
 * post, a CORS fetch with JSON) and tries to read the task list. Prints one JSON object:
 * for each attempt, whether the page could see an answer. The caller checks the
 * registry afterwards for anything written.
 */
import { launchBrowser, parseArgs } from "./browser.mjs";

const args = parseArgs(process.argv.slice(2));
const attacker = String(args.attacker);
const api = String(args.api).replace(/\/$/, "");
const family = String(args.family ?? "cross_origin_attack");

const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.goto(attacker);
  const observed = await page.evaluate(
    async ({ api, family }) => {
      const task = () => ({ task_id: crypto.randomUUID(), family });
      const results = {};
      const attempt = async (name, run) => {
        try {
          results[name] = await run();
        } catch (error) {
          results[name] = `blocked: ${error.name}`;
        }
      };
      await attempt("no_cors_text_plain", async () => {
        const response = await fetch(`${api}/api/v1/tasks/batch`, {
          method: "POST",
          mode: "no-cors",
          headers: { "content-type": "text/plain" },
          body: JSON.stringify({ tasks: [task()] }),
        });
        return `opaque: ${response.type}`;
      });
      await attempt("send_beacon", async () => {
        const events = [{ type: "task_registered", task: task() }];
        return `queued: ${navigator.sendBeacon(`${api}/api/v1/events`, JSON.stringify({ events }))}`;
      });
      await attempt("cors_json", async () => {
        const response = await fetch(`${api}/api/v1/tasks/batch`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ tasks: [task()] }),
        });
        return `read: ${response.status}`;
      });
      await attempt("cors_json_with_bearer", async () => {
        const response = await fetch(`${api}/api/v1/tasks/batch`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: "Bearer guessed" },
          body: JSON.stringify({ tasks: [task()] }),
        });
        return `read: ${response.status}`;
      });
      await attempt("read_tasks", async () => {
        const response = await fetch(`${api}/api/v1/tasks`);
        return `read: ${response.status} ${(await response.text()).slice(0, 40)}`;
      });
      await attempt("read_tasks_with_credentials", async () => {
        const response = await fetch(`${api}/api/v1/tasks`, { credentials: "include" });
        return `read: ${response.status}`;
      });
      await attempt("form_post", async () => {
        const frame = document.createElement("iframe");
        frame.name = "sink";
        document.body.appendChild(frame);
        const form = document.createElement("form");
        form.method = "POST";
        form.action = `${api}/api/v1/events`;
        form.enctype = "text/plain";
        form.target = "sink";
        const input = document.createElement("input");
        input.name = `{"events": [{"type": "task_registered", "task": ${JSON.stringify(task())}}], "x": "`;
        input.value = `"}`;
        form.appendChild(input);
        document.body.appendChild(form);
        form.submit();
        await new Promise((resolve) => setTimeout(resolve, 1000));
        return "submitted";
      });
      await new Promise((resolve) => setTimeout(resolve, 500)); // let the beacon go out
      return results;
    },
    { api, family },
  );
  console.log(JSON.stringify(observed));
} finally {
  await browser.close();
}
