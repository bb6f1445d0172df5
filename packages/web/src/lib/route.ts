// Reads the page address: which meeting, as whom, and the few switches kiosks and tests use.
import { parseJoinLink } from '@diemcau/protocol';
import type { IcePolicy } from './peer';

export type Route =
  | {
      kind: 'meeting';
      meetingId: string;
      name: string;
      bridgePoint: string | null;
      token: string | null;
      /** `?autojoin=1`: join without waiting for the button (kiosks, tests). */
      autojoin: boolean;
      /** `?mock=1`: fake participants for design and QA; clearly labelled on screen. */
      mock: boolean;
      /** `?kiosk=1`: a paired bridge-point device joins with its device token. */
      kiosk: boolean;
      /** `?p=`: a guest's meeting passcode. */
      passcode: string | null;
      /** `?ice=loopback`: only loopback ICE candidates leave the browser (single-machine tests). */
      icePolicy: IcePolicy;
    }
  | { kind: 'home' };

const flag = (v: string | null): boolean => v === '1' || v === 'true';

/** Parses an absolute URL into a route. */
export function parseRoute(href: string): Route {
  const link = parseJoinLink(href);
  if (!link) return { kind: 'home' };
  const params = new URL(href).searchParams;
  return {
    kind: 'meeting',
    meetingId: link.meetingId,
    name: link.name.trim(),
    bridgePoint: link.bridgePoint?.trim() || null,
    token: link.token ?? null,
    autojoin: flag(params.get('autojoin')),
    mock: flag(params.get('mock')),
    kiosk: flag(params.get('kiosk')),
    passcode: params.get('p')?.trim() || null,
    icePolicy: params.get('ice') === 'loopback' ? 'loopback' : 'all',
  };
}
