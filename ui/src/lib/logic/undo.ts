// A tick that can be taken back for a few seconds: the task is ticked at
// once (stored, synced), and "undo" reopens it while the offer lasts.

export const UNDO_MS = 6000;

export interface Offer {
  taskId: string;
  title: string;
}

export class UndoOffer {
  current: Offer | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly onChange: (offer: Offer | null) => void,
    private readonly ms = UNDO_MS,
  ) {}

  offer(o: Offer): void {
    this.clearTimer();
    this.current = o;
    this.onChange(o);
    this.timer = setTimeout(() => this.expire(), this.ms);
  }

  /** Takes the offer (for undoing); null when it has expired. */
  take(): Offer | null {
    const o = this.current;
    this.expire();
    return o;
  }

  private expire(): void {
    this.clearTimer();
    this.current = null;
    this.onChange(null);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
