// The typed contract between the renderer and the main process: every operation the UI may ask for.
// No Node or Electron imports: the renderer imports these types.

export type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

export interface AppInfo {
  version: string;
  casePath: string | null;
}

/** Operations the preload exposes, one channel each (an allow-list). */
export interface FwlensApi {
  /** Version and the open case. */
  appInfo(): Promise<Result<AppInfo>>;
}

export const API_CHANNELS = ['appInfo'] as const satisfies ReadonlyArray<keyof FwlensApi>;
