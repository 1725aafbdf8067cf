// Helpers for the kernel-isolation tests (issue 17 item 1): every Jupyter kernels folder a
// run could touch outside the checkout, and a snapshot of them to compare before and after.
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Jupyter's kernel folders (user, environment, system), as /usr/bin/python3's jupyter_core lists them without JUPYTER_PATH. */
export function jupyterKernelDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const { JUPYTER_PATH: _ignored, ...rest } = env;
  const r = spawnSync(
    "/usr/bin/python3",
    ["-c", "import json; from jupyter_core.paths import jupyter_path; print(json.dumps(jupyter_path('kernels')))"],
    {
      encoding: "utf8",
      env: rest,
    },
  );
  if (r.status !== 0) throw new Error(`cannot list Jupyter's kernel folders: ${r.stderr}`);
  return JSON.parse(r.stdout) as string[];
}

/** Every file and folder under `dirs` with its mode, modification time and (files) content. */
export function snapshot(dirs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (p: string): void => {
    const s = lstatSync(p);
    out[p] = `${s.mode.toString(8)} ${s.mtimeMs}${s.isFile() ? ` ${readFileSync(p, "utf8")}` : ""}`;
    if (s.isDirectory()) for (const e of readdirSync(p).sort()) walk(join(p, e));
  };
  for (const d of dirs) {
    if (existsSync(d)) walk(d);
    else out[d] = "absent";
  }
  return out;
}
