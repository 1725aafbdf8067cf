// npm run setup (scripts/setup.mjs, issue 2 item 2): idempotent, and when Jupyter
// is missing on a machine where it is not root, it stops with the exact command.
// It registers and changes no Jupyter kernel (issue 17 item 1): the notebook runner
// has a kernel of the checkout's own, and `npm run kernel` is the explicit command.
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jupyterKernelDirs, snapshot } from "../runner/kernel-dirs";

const root = join(__dirname, "..", "..");
const setup = join(root, "scripts", "setup.mjs");

describe("scripts/setup.mjs", () => {
  it("is idempotent: a second run finds everything in place, and no Jupyter kernel is registered or changed", () => {
    const dirs = jupyterKernelDirs();
    const before = snapshot(dirs);
    const r = spawnSync(process.execPath, [setup], { cwd: root, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("npm dependencies present");
    expect(r.stdout).toContain("Jupyter and Chromium present");
    expect(r.stdout).toContain("for your own Jupyter: npm run kernel");
    expect(snapshot(dirs)).toEqual(before);
  });

  // The script runs as `nobody`, who cannot read a checkout inside a mode-700 folder (root's
  // home, a mktemp -d folder): it runs from a copy in a world-readable folder, holding what
  // setup looks at before the Jupyter check (the lock file and npm's install stamp, newer, so
  // step 1 finds the dependencies present). The user is really not root; only Jupyter's
  // absence is simulated, with IBD_LAB_PYTHON naming a Python that does not exist.
  it.runIf(process.getuid?.() === 0)("as a non-root user without Jupyter, stops and prints the exact apt-get command", () => {
    const dir = mkdtempSync(join("/tmp", "ibd-setup-nobody-")); // /tmp, not $TMPDIR: it must be traversable by nobody
    try {
      chmodSync(dir, 0o755);
      mkdirSync(join(dir, "scripts"));
      mkdirSync(join(dir, "node_modules"));
      copyFileSync(setup, join(dir, "scripts", "setup.mjs"));
      copyFileSync(join(root, "package-lock.json"), join(dir, "package-lock.json"));
      writeFileSync(join(dir, "node_modules", ".package-lock.json"), "{}\n");
      const past = new Date(Date.now() - 60_000);
      utimesSync(join(dir, "package-lock.json"), past, past);
      const r = spawnSync(
        "runuser",
        ["-u", "nobody", "--", "env", "IBD_LAB_PYTHON=/nonexistent/python3", process.execPath, join(dir, "scripts", "setup.mjs")],
        {
          cwd: dir,
          encoding: "utf8",
        },
      );
      expect(r.stdout).toContain("npm dependencies present"); // the copy really ran, up to the Jupyter check
      expect(r.stderr).toContain("this is not root");
      expect(r.stderr).toContain(
        "apt-get update && apt-get install -y jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel jupyter-notebook chromium",
      );
      expect(r.status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
