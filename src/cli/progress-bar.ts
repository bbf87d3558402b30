import cliProgress from "cli-progress";
import type { Progress } from "../app/progress.js";

/** Progress bars on an interactive terminal; nothing when output is piped (scripts, CI, --json). */
export function terminalProgress(enabled: boolean): Progress | undefined {
  if (!enabled || !process.stderr.isTTY) return undefined;
  let bar: cliProgress.SingleBar | undefined;
  let counterName = "";
  return {
    phase(name, total) {
      bar?.stop();
      counterName = name;
      bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format:
            total === undefined
              ? `${name} | {value} rows | {duration_formatted}`
              : `${name} [{bar}] {percentage}% | {value}/{total} | eta {eta_formatted}`,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total ?? 0, 0);
    },
    tick(done) {
      bar?.update(done);
    },
    done() {
      bar?.stop();
      bar = undefined;
      void counterName;
    },
  };
}
