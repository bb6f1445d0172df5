// @diemcau/server: the control plane (HTTP, signalling, meetings). Exported for system tests and tools.
export { buildApp } from './app.js';
export type { App, AppDeps } from './app.js';
export { loadConfig } from './config.js';
export type { ServerConfig } from './config.js';
export { startSystem } from './system.js';
export type { RunningSystem, StartOptions } from './system.js';
export { openDatabase } from './db/database.js';
export { seedDemo, seedDemoWard } from './demo/seed.js';
