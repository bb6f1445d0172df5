// HTTP contract of bridge-point devices (kiosks): registration and pairing by a short code, the
// kiosk's state and heartbeat, and the administrators' status board.
import { z } from 'zod';

/** Lifecycle of a device row. Wire strings: never rename one. */
export const DEVICE_STATUSES = ['pending', 'paired', 'revoked'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

/**
 * What a kiosk is told about itself. `expired` is a pending device whose pairing code lapsed:
 * the kiosk should register again to get a fresh code.
 */
export const KIOSK_STATUSES = ['pending', 'expired', 'paired', 'revoked'] as const;
export type KioskStatus = (typeof KIOSK_STATUSES)[number];

/** The alphabet of pairing codes: no 0/O, 1/I/L, so that a code read off a screen is unambiguous. */
export const PAIRING_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const PAIRING_CODE_LENGTH = 6;

/** `POST /api/kiosk/register` (no login). */
export const KioskRegisterSchema = z.object({ userAgent: z.string().trim().max(300).optional() }).default({});

export interface KioskRegisterResponse {
  deviceId: string;
  /** The device's bearer token (`Authorization: Device <token>`). Shown once; store it. */
  token: string;
  pairingCode: string;
  /** ISO 8601 instant after which the code no longer pairs. */
  expiresAt: string;
}

/** `GET /api/kiosk/state` (device token). */
export interface KioskStateResponse {
  /** The device's own id (it reports its network tests under it). */
  deviceId: string;
  status: KioskStatus;
  /** While pending: the code to show on screen, and until when it pairs. */
  pairingCode?: string;
  pairingExpiresAt?: string;
  /** Once paired: the bridge point this device stands for. */
  bridgePoint?: { id: string; name: string };
  /** Join the current meeting automatically at its start time. */
  autoJoin: boolean;
  label: string;
}

/** `POST /api/devices/pair` (admin). The code is case-insensitive; spaces and dashes are ignored. */
export const DevicePairSchema = z.object({
  pairingCode: z
    .string()
    .max(32)
    .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
    .pipe(z.string().min(1, 'enter the code shown on the device').max(16)),
  bridgePointId: z.string().trim().min(1).max(64),
  label: z.string().trim().normalize('NFC').max(200).optional(),
  autoJoin: z.boolean().optional(),
});
export type DevicePair = z.input<typeof DevicePairSchema>;

/** A network test the kiosk ran (the weak-lines issue defines how). */
export const KioskNetworkTestSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  rttMs: z.number().min(0).max(600_000).optional(),
  lossPercent: z.number().min(0).max(100).optional(),
  downKbps: z.number().min(0).max(10_000_000).optional(),
  upKbps: z.number().min(0).max(10_000_000).optional(),
});
export type KioskNetworkTest = z.infer<typeof KioskNetworkTestSchema>;

/** `POST /api/kiosk/heartbeat` (device token), about every 20 s. */
export const KioskHeartbeatSchema = z.object({
  hasCamera: z.boolean(),
  hasMicrophone: z.boolean(),
  networkTest: KioskNetworkTestSchema.optional(),
});
export type KioskHeartbeat = z.infer<typeof KioskHeartbeatSchema>;

export interface KioskHeartbeatResponse {
  status: KioskStatus;
  /** The server's clock, so a kiosk can tell how far off its own is. */
  serverTime: string;
}

/** `PATCH /api/devices/:id` (admin). */
export const DevicePatchSchema = z
  .object({ label: z.string().trim().normalize('NFC').max(200), autoJoin: z.boolean() })
  .partial();
export type DevicePatch = z.input<typeof DevicePatchSchema>;

/** One row of the administrators' status board. Pairing codes are never shown here. */
export interface DeviceView {
  id: string;
  status: DeviceStatus;
  label: string;
  autoJoin: boolean;
  userAgent: string;
  bridgePoint: { id: string; name: string } | null;
  /** A heartbeat within the last 60 s (never for a revoked device). */
  online: boolean;
  lastHeartbeatAt: string | null;
  hasCamera: boolean | null;
  hasMicrophone: boolean | null;
  lastNetworkTest: KioskNetworkTest | null;
  createdAt: string;
  pairedAt: string | null;
  revokedAt: string | null;
  /** For a pending device: when its code lapses. */
  pairingExpiresAt: string | null;
}

/** `GET /api/devices` (admin). */
export interface DeviceListResponse {
  devices: DeviceView[];
}
