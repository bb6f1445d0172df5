// The protocol's HTTP contract (zod schemas and response types) as the web app sees it: one
// import point, so a renamed export changes here only.
export * from '@diemcau/protocol';
