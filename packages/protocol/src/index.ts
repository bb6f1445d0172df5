// @diemcau/protocol: the wire contract shared by the server, the web app and the bots.
export * from './errors.js';
export * from './signalling.js';
export * from './quality.js';
export * from './nettest.js';
export * from './nettest-runner.js';
export * from './adaptation.js';
export * from './live/schema.js';
export * from './live/state.js';
export * from './live/rules.js';
export * from './links.js';
export * from './api/org.js';
export * from './api/devices.js';
export * from './api/auth.js';
export * from './api/meetings.js';
export * from './api/documents.js';
export * from './api/recordings.js';
