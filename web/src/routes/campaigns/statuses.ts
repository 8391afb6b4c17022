/**
 * A deliverable's statuses in one order and one set of colours, shared by the timeline's
 * markers, its legend and the chart drawn on the server, so the three never disagree.
 * Overdue is the one red: it is what a manager must see first.
 */
export const statusOrder = ['approved', 'submitted', 'returned', 'overdue', 'pending'] as const;
export type DeliverableStatus = (typeof statusOrder)[number];

export const STATUS_COLOURS: Record<DeliverableStatus, string> = {
  approved: '#1b7f3b',
  submitted: '#1565c0',
  returned: '#e65100',
  overdue: '#b00020',
  pending: '#7b8794',
};

/** The phases' bars: the drive's own navy, set apart from the statuses' colours. */
export const PHASE_COLOURS = { done: '#9fb3c8', current: '#243b53', upcoming: '#ffffff' } as const;
