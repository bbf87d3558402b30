/**
 * One measured command: a child process wrapped in `/usr/bin/time -f "%e %M"` (wall seconds and peak
 * resident set in KB, printed as the last line of stderr). Without /usr/bin/time, the wall time is the
 * runner's own and the peak memory is unknown (null).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

const TIME = "/usr/bin/time";
const MARK = "__bench_time__";
export const haveTime = existsSync(TIME);

/**
 * @param {{ cmd: string, args?: string[], cwd?: string, env?: Record<string, string> }} command
 * @returns {Promise<{ code: number | null, wallS: number, peakRssMb: number | null, stdout: string, stderr: string }>}
 */
export function runTimed(command, { root } = {}) {
  const args = command.args ?? [];
  const [cmd, argv] = haveTime ? [TIME, ["-f", `${MARK} %e %M`, command.cmd, ...args]] : [command.cmd, args];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, argv, {
      cwd: command.cwd ?? root ?? process.cwd(),
      env: { ...process.env, ...(command.env ?? {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.once("error", reject);
    child.once("close", (code) => {
      const runnerS = (performance.now() - t0) / 1000;
      let wallS = runnerS;
      let peakRssMb = null;
      if (haveTime) {
        const lines = stderr.trimEnd().split("\n");
        const i = lines.findLastIndex((l) => l.startsWith(MARK));
        if (i >= 0) {
          const [, e, m] = lines[i].split(" ");
          if (Number.isFinite(Number(e))) wallS = Number(e);
          if (Number.isFinite(Number(m))) peakRssMb = Number(m) / 1024;
          lines.splice(i, 1);
          stderr = lines.join("\n");
        }
        // "Command exited with non-zero status N" is time's, not the command's
        stderr = stderr.replace(/^Command exited with non-zero status \d+\n?/m, "");
      }
      resolve({ code, wallS, peakRssMb, stdout, stderr });
    });
  });
}

/** The last lines of a failed command's output, for one line of explanation. */
export function tail(text, n = 3) {
  return text.trim().split("\n").slice(-n).join(" / ").slice(0, 400);
}
