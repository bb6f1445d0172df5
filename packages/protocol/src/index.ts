// @diemcau/protocol: the wire contract shared by the server, the web app and the bots.
export * from './errors.js';
export * from './signalling.js';
export * from './links.js';
