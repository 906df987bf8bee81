import type { Client, Couple, Member } from "../api/clients";
import type { Role } from "../api/client";
import { json, ME } from "./helpers";

export const ANA_ID = ME.user.id;
export const BEN_ID = "3c1a8d2e-7f4b-4e0a-9b1c-2d3e4f5a6b01";
export const CLEO_ID = "3c1a8d2e-7f4b-4e0a-9b1c-2d3e4f5a6b02";
export const SAM_ID = "7a0e5c9b-1d2f-4a3b-8c4d-5e6f7a8b9c01";
export const ALEX_ID = "7a0e5c9b-1d2f-4a3b-8c4d-5e6f7a8b9c02";
export const COUPLE_ID = "c0c0c0c0-1111-4222-8333-444455556666";

export const MEMBERS: Member[] = [
  { user_id: ANA_ID, name: "Ana Lindqvist", email: "ana@example.com", role: "owner", status: "active", created_at: "2026-01-05T09:00:00Z" },
  { user_id: BEN_ID, name: "Ben Okafor", email: "ben@example.com", role: "clinician", status: "active", created_at: "2026-02-01T09:00:00Z" },
  { user_id: CLEO_ID, name: "Cleo Marsh", email: "cleo@example.com", role: "clinician", status: "deactivated", created_at: "2026-02-02T09:00:00Z" },
];

export const SAM: Client = {
  id: SAM_ID,
  name: "Samira Haddad",
  preferred_name: "Sam",
  pronouns: "she/her",
  email: "sam@example.com",
  mobile: "+447700900123",
  time_zone: "Europe/London",
  consent_email: true,
  consent_sms: false,
  status: "active",
  created_at: "2026-03-10T10:00:00Z",
  updated_at: "2026-03-10T10:00:00Z",
  clinicians: [{ user_id: BEN_ID, name: "Ben Okafor" }],
  couples: [{ id: COUPLE_ID, name: "Sam and Alex", trust_role: "hurt" }],
};

export const ALEX: Client = {
  id: ALEX_ID,
  name: "Alex Moreau",
  preferred_name: "",
  pronouns: "",
  email: "",
  mobile: "",
  time_zone: "Europe/Paris",
  consent_email: false,
  consent_sms: false,
  status: "active",
  created_at: "2026-03-11T10:00:00Z",
  updated_at: "2026-03-11T10:00:00Z",
};

export const COUPLE: Couple = {
  id: COUPLE_ID,
  name: "Sam and Alex",
  status: "active",
  created_at: "2026-03-12T10:00:00Z",
  partners: [
    { client_id: ALEX_ID, name: "Alex Moreau", trust_role: "caused_harm" },
    { client_id: SAM_ID, name: "Samira Haddad", trust_role: "hurt" },
  ],
  clinicians: [{ user_id: BEN_ID, name: "Ben Okafor" }],
};

/** The signed-in person with another role. */
export const meAs = (role: Role) => () => json(200, { ...ME, role });

export const members = () => json(200, { members: MEMBERS });
