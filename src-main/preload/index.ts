// Preload: exposes exactly the contract's channels to the renderer, nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { API_CHANNELS, type FwlensApi } from '../shared/api.ts';

const api = Object.fromEntries(API_CHANNELS.map((ch) => [ch, (...args: unknown[]) => ipcRenderer.invoke(ch, ...args)])) as unknown as FwlensApi;
contextBridge.exposeInMainWorld('fwlens', api);
