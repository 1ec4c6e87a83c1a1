// Renderer entry: starts the client and mounts the Svelte app.
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { startApp } from './state/app.svelte.ts';

startApp();
mount(App, { target: document.getElementById('app')! });
