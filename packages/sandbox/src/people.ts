/**
 * Pools of names for consumers, agents and queues. They are deliberately awkward — quotes, commas,
 * newlines, emoji, right-to-left scripts, markup — because exporters (CSV, spreadsheets, n8n) break on them.
 */
import { base62Id } from './prng.ts';

export const CONSUMER_NAMES: readonly string[] = [
  'Alice Johnson',
  'Bob Smith',
  "O'Brien, Siobhán",
  '"Big" Tony Russo',
  'María José Fernández',
  'Zoë Łukasiewicz',
  '李小龍',
  '山田 太郎',
  'محمد عبد الله',
  'שרה כהן',
  'Ана Иванова',
  '😀 Happy Customer',
  'Line One\nLine Two',
  'Tab\tSeparated',
  'Back\\slash',
  '<script>alert(1)</script>',
  '=SUM(A1:A9)',
  '  padded name  ',
  '',
  'Jean-Luc Picard',
  'Priya Patel',
  'Nguyễn Văn A',
  'Søren Kierkegaard',
  'Ægir Þórsson',
  'Chloé "Coco" Martin; Paris',
  '👨‍👩‍👧‍👦 The Smiths',
  'Kofi Annan',
  'Carlos, Ana & "Pepe"',
  'مرحبا Hello שלום',
  'Daniel Müller',
];

export interface Agent {
  readonly userId: string;
  readonly displayName: string;
}

const AGENT_NAMES: readonly string[] = [
  'Dana Scully',
  'Fox Mulder',
  'José "Pepe" García',
  "Zoë O'Connor",
  'Smith, John',
  '李 小龍',
  'فاطمة الزهراء',
  'Émilie Dubois',
  'Агент Смирнов',
  '👩‍💼 Jamie',
  'Ana\nMaria',
  'Hiroshi Tanaka',
  'Noa Levi נועה',
  'Liam Murphy',
  'Aarav Sharma',
  'Olivia Brown',
  'Mateo Rossi',
  'Sakura Ito',
  'Lukas Schmidt',
  'Chloé Lefèvre',
];

export interface Queue {
  readonly queueId: string;
  readonly ccQueueId: string;
  readonly name: string;
}

const QUEUE_NAMES: readonly string[] = [
  'Sales',
  'Support — Tier 1',
  'Billing, Returns & "Refunds"',
  'Facturación',
  'サポート',
  'VIP 🌟',
];

export function buildAgents(seed: number): readonly Agent[] {
  return AGENT_NAMES.map((displayName, i) => ({ userId: base62Id(seed, i, 101), displayName }));
}

export function buildQueues(seed: number): readonly Queue[] {
  return QUEUE_NAMES.map((name, i) => ({
    queueId: base62Id(seed, i, 102),
    ccQueueId: base62Id(seed, i, 103),
    name,
  }));
}
