// Picks the transport once at start: IPC when the Electron preload is there, else the WebSocket.
import { createIpcClient } from './ipc.ts';
import { createWsClient } from './ws.ts';
import type { FwlensClient } from './types.ts';

export type { FwlensClient, ConnectionState } from './types.ts';
export { newOpId } from './types.ts';

export function createClient(): FwlensClient {
  return window.fwlens ? createIpcClient(window.fwlens) : createWsClient(window.location);
}
