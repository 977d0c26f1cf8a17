// SPDX-License-Identifier: MIT
// Profile, settings, contacts, announces and propagation nodes: the small services of the node.
import type { PeersRepository, ContactRow, AnnounceRow, PropagationNodeRow } from '../storage/repositories/peers.repository.js';
import type { ProfileRepository, ProfileRow } from '../storage/repositories/profile.repository.js';
import type { SettingsRepository } from '../storage/repositories/settings.repository.js';
import * as z from 'zod';
import { AppError, notFound } from './errors.js';
import type { EventBus } from './events.js';
import type { AnnouncePort, PropagationPort, SyncProgress } from './ports.js';

/** Typed settings with their defaults; unknown keys are rejected at the API, and ignored if found in storage. */
export const settingsSchema = z.strictObject({
  autoResendOnAnnounce: z.boolean(),
  blockAttachmentsFromStrangers: z.boolean(),
  blockAllFromStrangers: z.boolean(),
  incomingSizeLimitBytes: z.number().int().min(1024).max(1024 ** 3),
  /** Proof-of-work stamp cost required of inbound messages (0 = none); announced to peers. */
  inboundStampCost: z.number().int().min(0).max(32),
  preferredPropagationNode: z.string().regex(/^[0-9a-f]{32}$/).nullable(),
  autoSyncIntervalSeconds: z.number().int().min(0).max(7 * 24 * 3600),
  backupIntervalHours: z.number().int().min(0).max(24 * 30),
  backupKeep: z.number().int().min(1).max(100),
});
export type Settings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  autoResendOnAnnounce: true,
  blockAttachmentsFromStrangers: true,
  blockAllFromStrangers: false,
  incomingSizeLimitBytes: 10 * 1024 * 1024,
  inboundStampCost: 0,
  preferredPropagationNode: null,
  autoSyncIntervalSeconds: 0,
  backupIntervalHours: 12,
  backupKeep: 5,
});

export interface NodeComponents {
  profile: ProfileRepository;
  settings: SettingsRepository;
  peers: PeersRepository;
  announce: AnnouncePort;
  propagation: PropagationPort;
  events: EventBus;
  clock: () => number;
}

const DEFAULT_PROFILE: ProfileRow = { displayName: 'Anonymous Peer', autoAnnounceIntervalS: 0, lastAnnouncedAt: null };

export class NodeService {
  private readonly unsubscribers: (() => void)[] = [];

  constructor(private readonly c: NodeComponents) {}

  start(): void {
    this.unsubscribers.push(
      this.c.announce.subscribe((a) => {
        const receivedAt = this.c.clock();
        this.c.peers.addAnnounce({ ...a, receivedAt });
        const { appData: _a, ...rest } = a;
        this.c.events.emit('announce', { ...rest, receivedAt });
      }),
      this.c.propagation.subscribe((p) => this.c.events.emit('sync.progress', p)),
    );
  }

  stop(): void {
    this.unsubscribers.splice(0).forEach((u) => u());
  }

  profile(): ProfileRow {
    return this.c.profile.profile(DEFAULT_PROFILE);
  }

  updateProfile(patch: Partial<Pick<ProfileRow, 'displayName' | 'autoAnnounceIntervalS'>>): ProfileRow {
    this.c.profile.saveProfile({ ...this.profile(), ...patch });
    return this.profile();
  }

  async announceNow(): Promise<void> {
    await this.c.announce.announce(this.profile().displayName);
    this.c.profile.markAnnounced(this.c.clock());
  }

  settings(): Settings {
    // Stored keys are re-validated one by one: a value written by another version that no longer
    // fits the schema falls back to its default instead of breaking the node.
    const stored = this.c.settings.all();
    const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const [key, field] of Object.entries(settingsSchema.shape)) {
      if (key in stored && field.safeParse(stored[key]).success) out[key] = stored[key];
    }
    return out as Settings;
  }

  updateSettings(patch: Partial<Settings>): Settings {
    const merged = settingsSchema.safeParse({ ...this.settings(), ...patch });
    if (!merged.success) throw new AppError('invalid', 'VALIDATION_FAILED', merged.error.issues[0]?.message ?? 'invalid settings');
    this.c.settings.setMany(patch, this.c.clock());
    return this.settings();
  }

  contacts(): ContactRow[] {
    return this.c.peers.contacts();
  }

  saveContact(hash: string, patch: { name?: string | null | undefined; blocked?: boolean | undefined }): ContactRow {
    const current = this.c.peers.contact(hash);
    return this.c.peers.upsertContact(hash, patch.name !== undefined ? patch.name : (current?.name ?? null), patch.blocked ?? current?.blocked ?? false, this.c.clock());
  }

  deleteContact(hash: string): void {
    if (!this.c.peers.deleteContact(hash)) throw notFound('contact');
  }

  announces(aspect: string, text: string | undefined, limit: number): AnnounceRow[] {
    return this.c.peers.announces(aspect, text, limit);
  }

  propagationNodes(): PropagationNodeRow[] {
    return this.c.peers.propagationNodes();
  }

  async syncNow(): Promise<void> {
    const node = this.settings().preferredPropagationNode;
    if (!node) throw new AppError('conflict', 'NO_PROPAGATION_NODE', 'select a propagation node first');
    await this.c.propagation.syncNow(node);
  }

  syncState(): SyncProgress {
    return this.c.propagation.syncState();
  }
}
