// HTTP contract of the ward's directory: organizations (tree), persons with memberships and titles,
// and bridge points (điểm cầu). The server validates request bodies with these; the web app reuses them.
import { z } from 'zod';

/** Kinds of organization in a ward. Wire strings: never rename one. */
export const ORGANIZATION_KINDS = [
  'party_committee',
  'people_committee',
  'fatherland_front',
  'neighborhood',
  'party_cell',
] as const;
export const OrganizationKindSchema = z.enum(ORGANIZATION_KINDS);
export type OrganizationKind = z.infer<typeof OrganizationKindSchema>;

/** Ids are opaque strings we generate; bound their size so a path or body cannot be abused. */
export const OrgEntityIdSchema = z.string().trim().min(1).max(64);

// NOTE: names are stored NFC so that one typed on a Mac (NFD) equals, sorts and searches like the same name typed elsewhere.
const name = (max: number) => z.string().trim().normalize('NFC').min(1).max(max);
const sortOrder = z.number().int().min(0).max(1_000_000);

export const OrganizationCreateSchema = z.object({
  name: name(300),
  kind: OrganizationKindSchema,
  parentId: OrgEntityIdSchema.nullable().default(null),
  /** Position among its siblings; omitted = after the last one. */
  sortOrder: sortOrder.optional(),
});
export type OrganizationCreate = z.input<typeof OrganizationCreateSchema>;

export const OrganizationPatchSchema = z
  .object({
    name: name(300),
    kind: OrganizationKindSchema,
    parentId: OrgEntityIdSchema.nullable(),
    sortOrder,
  })
  .partial();
export type OrganizationPatch = z.input<typeof OrganizationPatchSchema>;

/** A person in an organization, as the tree shows them (name and title only, never contacts). */
export interface OrganizationMember {
  personId: string;
  fullName: string;
  title: string;
}

export interface OrganizationView {
  id: string;
  name: string;
  kind: OrganizationKind;
  parentId: string | null;
  sortOrder: number;
}

export interface OrganizationNode extends OrganizationView {
  members: OrganizationMember[];
  children: OrganizationNode[];
}

/** `GET /api/org/organizations`: the roots, each with its children, sorted for display. */
export interface OrganizationTreeResponse {
  organizations: OrganizationNode[];
}

// NOTE: a phone is free text typed by ward staff ("0283 123 4567", "+84 90-123-4567"); keep what
// a phone can contain and no more, rather than one national format.
const phone = z
  .string()
  .trim()
  .max(40)
  .regex(/^\+?[0-9 .()-]{3,40}$/, 'a phone number has digits, spaces and + . ( ) - only');
const email = z.string().trim().pipe(z.email().max(254));
/** An optional contact field: null or '' clears it. */
const optionalText = <T extends z.ZodType<string | null, string>>(schema: T) =>
  z.union([z.literal('').transform(() => null), schema]).nullable();

export const PersonCreateSchema = z.object({
  fullName: name(200),
  email: optionalText(email).default(null),
  phone: optionalText(phone).default(null),
});
export type PersonCreate = z.input<typeof PersonCreateSchema>;

export const PersonPatchSchema = z
  .object({
    fullName: name(200),
    email: optionalText(email),
    phone: optionalText(phone),
  })
  .partial();
export type PersonPatch = z.input<typeof PersonPatchSchema>;

export const MembershipInputSchema = z.object({
  organizationId: OrgEntityIdSchema,
  title: z.string().trim().normalize('NFC').max(200).default(''),
  /** Rank inside the organization (the secretary before the members); default 0. */
  sortOrder: sortOrder.default(0),
});

/** `PUT /api/org/persons/:id/memberships`: the person's complete set of memberships. */
export const MembershipsPutSchema = z
  .array(MembershipInputSchema)
  .max(50)
  .refine((list) => new Set(list.map((m) => m.organizationId)).size === list.length, {
    message: 'an organization may appear only once',
  });
export type MembershipsPut = z.input<typeof MembershipsPutSchema>;

export const PersonQuerySchema = z.object({
  /** Diacritics-insensitive: "le van hai" finds "Lê Văn Hai". */
  q: z.string().trim().max(100).optional(),
  organizationId: OrgEntityIdSchema.optional(),
});

export interface PersonMembershipView {
  organizationId: string;
  organizationName: string;
  title: string;
}

/**
 * A person in the directory. `email` and `phone` are present only for administrators and for the
 * person's own account; everyone else signed in sees the name and titles.
 */
export interface PersonView {
  id: string;
  fullName: string;
  email?: string | null;
  phone?: string | null;
  memberships: PersonMembershipView[];
}

export interface PersonListResponse {
  persons: PersonView[];
}

/** Lowest and highest receive cap an admin may set for a bridge point, kbit/s. */
export const RECEIVE_CAP_KBPS = { min: 64, max: 100_000 } as const;

/**
 * A bridge point's receive-bandwidth cap in kbit/s, or null for none. NOTE: below 64 kbit/s not even
 * audio with FEC gets through, so a smaller cap is a typo rather than a wish.
 */
export const ReceiveCapKbpsSchema = z
  .number()
  .int()
  .min(RECEIVE_CAP_KBPS.min)
  .max(RECEIVE_CAP_KBPS.max)
  .nullable();

export const BridgePointCreateSchema = z.object({
  name: name(300),
  organizationId: OrgEntityIdSchema,
  location: z.string().trim().normalize('NFC').max(300).default(''),
  capacity: z.number().int().min(0).max(100_000).default(0),
  /** The main (host) point; setting it unsets the previous main point. */
  isMain: z.boolean().default(false),
  sortOrder: sortOrder.optional(),
  receiveCapKbps: ReceiveCapKbpsSchema.default(null),
});
export type BridgePointCreate = z.input<typeof BridgePointCreateSchema>;

export const BridgePointPatchSchema = z
  .object({
    name: name(300),
    organizationId: OrgEntityIdSchema,
    location: z.string().trim().normalize('NFC').max(300),
    capacity: z.number().int().min(0).max(100_000),
    isMain: z.boolean(),
    sortOrder,
    receiveCapKbps: ReceiveCapKbpsSchema,
  })
  .partial();
export type BridgePointPatch = z.input<typeof BridgePointPatchSchema>;

/** The device bound to a bridge point as the directory shows it. `id` and `label`: admins only. */
export interface BridgePointDeviceView {
  id?: string;
  label?: string;
  /** online = a heartbeat within the last 60 s. */
  online: boolean;
  lastHeartbeatAt: string | null;
  hasCamera: boolean | null;
  hasMicrophone: boolean | null;
}

export interface BridgePointView {
  id: string;
  name: string;
  organizationId: string;
  organizationName: string;
  location: string;
  capacity: number;
  isMain: boolean;
  sortOrder: number;
  /** Receive-bandwidth cap in kbit/s (receive adaptation); null = none. */
  receiveCapKbps: number | null;
  /** The paired device, or null when none is bound. */
  device: BridgePointDeviceView | null;
}

export interface BridgePointListResponse {
  bridgePoints: BridgePointView[];
}
