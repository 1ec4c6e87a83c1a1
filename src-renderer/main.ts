// Renderer entry: starts the client and mounts the Svelte app.
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { startApp } from './state/app.svelte.ts';
import { startCaseState } from './state/case-state.svelte.ts';
import { startBlocklist } from './state/blocklist.svelte.ts';

startApp();
startCaseState();
startBlocklist();
mount(App, { target: document.getElementById('app')! });
