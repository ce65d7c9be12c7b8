import type { Department } from './departments.ts';
import type { PresenceKind } from './presences.ts';

/**
 * Which department supports each kind of presence. The note (11 Sep 2017, para. 8 b and
 * footnote 1) gives field-based SPMs to DPO; as adopted from 1 Jan 2019, DPPA kept every SPM.
 */
export const DOCTRINES = ['note-2017', 'adopted-2019'] as const;
export type Doctrine = (typeof DOCTRINES)[number];

export const DEFAULT_DOCTRINE: Doctrine = 'note-2017';

export interface DoctrineInfo {
  id: Doctrine;
  title: string;
  source: string;
  supportedBy: Record<PresenceKind, Department>;
}

export const DOCTRINE_TABLE: Record<Doctrine, DoctrineInfo> = {
  'note-2017': {
    id: 'note-2017',
    title: 'As proposed in the note: DPO leads where a pko or a field-based SPM is active',
    source: "Secretary-General's note of 11 September 2017, paragraph 8 b) and footnote 1",
    supportedBy: {
      pko: 'DPO',
      'spm-field': 'DPO',
      'spm-regional-office': 'DPPA',
      'spm-envoy': 'DPPA',
      'spm-political-process': 'DPPA',
    },
  },
  'adopted-2019': {
    id: 'adopted-2019',
    title: 'As adopted on 1 January 2019: DPO leads only where a pko is active',
    source: 'GA resolution 72/262 C (5 July 2018); structure in force 1 January 2019',
    supportedBy: {
      pko: 'DPO',
      'spm-field': 'DPPA',
      'spm-regional-office': 'DPPA',
      'spm-envoy': 'DPPA',
      'spm-political-process': 'DPPA',
    },
  },
};

export function isDoctrine(value: unknown): value is Doctrine {
  return value === 'note-2017' || value === 'adopted-2019';
}

/**
 * The country lead rule (DOMAIN.md): DPO if any active presence is of a kind the doctrine gives
 * to DPO, otherwise DPPA (which also leads in non-mission settings).
 */
export function getLeadDepartment(
  doctrine: Doctrine,
  presences: readonly { kind: PresenceKind }[],
): Department {
  const table = DOCTRINE_TABLE[doctrine].supportedBy;
  return presences.some((p) => table[p.kind] === 'DPO') ? 'DPO' : 'DPPA';
}
