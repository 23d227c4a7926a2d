/**
 * Relais petite enfance as the API answers them (api/views/relays.ts, the wire form: dates as ISO
 * strings), for her consent page, the relay agent's pages and the parents' pages.
 */
import type { z } from 'zod';
import type {
  relayChildminderView,
  relayConsentView,
  relayContactView,
  relayDeskView,
  relayListView,
} from '../../../api/views/relays.ts';

export type RelayContact = z.input<typeof relayContactView>;
export type RelayConsentPage = z.input<typeof relayConsentView>;
export type RelayDesk = z.input<typeof relayDeskView>;
export type RelayChildminder = z.input<typeof relayChildminderView>;
export type RelayList = z.input<typeof relayListView>;
export { RELAY_NEEDS, type RelayNeed } from '../../../domain/relays.ts';
