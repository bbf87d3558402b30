/** How long-running use-cases report progress; the CLI draws bars, tests and the API pass nothing. */
export interface Progress {
  phase(name: string, total?: number): void;
  tick(done: number): void;
  done(): void;
}

export const silentProgress: Progress = {
  phase() {},
  tick() {},
  done() {},
};
