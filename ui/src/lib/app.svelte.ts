// The app's shared state: who holds the tablet, the catalog, what grows
// where, the sync badge, the current screen and the message of the moment.
// Screens read it and call `refresh` after a `doc-changed` event.
import { api, ApiError, events, type Action, type BedState, type Catalog, type Permissions, type Person, type Setup, type SyncState } from './api';
import { setLang, t, type MessageKey } from './i18n/index.svelte';

export type Screen =
  | 'today'
  | 'harvest'
  | 'observe'
  | 'garden'
  | 'bed'
  | 'planning'
  | 'conflicts'
  | 'reports'
  | 'sync';

export interface Toast {
  text: string;
  kind: 'info' | 'error';
}

class AppModel {
  setup = $state<Setup | null>(null);
  person = $state<Person | null>(null);
  /** What this device and the person holding it may do (re-read on each refresh). */
  permissions = $state<Permissions | null>(null);
  catalog = $state<Catalog | null>(null);
  bedStates = $state<BedState[]>([]);
  sync = $state<SyncState | null>(null);
  screen = $state<Screen>('today');
  /** The bed a screen was opened for (bed page, harvest, observe). */
  bedId = $state<string | null>(null);
  toast = $state<Toast | null>(null);
  /**
   * A write refused because the tablet's clock is wrong: the time it
   * believes. Shown as a banner until dismissed (a toast would vanish before
   * anyone finds the settings).
   */
  clockRefused = $state<string | null>(null);
  /** Bumped on every `doc-changed`: screens re-read when it moves. */
  revision = $state(0);
  private toastTimer: ReturnType<typeof setTimeout> | null = null;

  async start(): Promise<void> {
    await events.onDocChanged(() => {
      void this.refresh();
    });
    await events.onSyncStatus((s) => {
      this.sync = s;
    });
    this.setup = await api.getSetup();
    this.sync = await api.syncStatus();
    if (this.setup.hasFarm) await this.refresh();
    const person = await api.currentPerson();
    if (person) await this.choose(person);
  }

  async refresh(): Promise<void> {
    this.setup = await api.getSetup();
    this.catalog = await api.getCatalog();
    this.bedStates = await api.bedStates();
    this.permissions = await api.permissions();
    this.revision += 1;
  }

  async choose(person: Person): Promise<void> {
    this.person = person;
    this.permissions = await api.permissions();
    setLang(person.lang);
    this.screen = 'today';
  }

  async leave(): Promise<void> {
    await api.leavePerson();
    this.person = null;
    setLang('fr');
  }

  open(screen: Screen, bedId: string | null = null): void {
    this.screen = screen;
    this.bedId = bedId;
  }

  say(text: string, kind: Toast['kind'] = 'info'): void {
    this.toast = { text, kind };
    if (this.toastTimer !== null) clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => (this.toast = null), 5000);
  }

  /** Shows a failed command in the person's language when its code is known. */
  fail(e: unknown): void {
    const known: Partial<Record<string, MessageKey>> = {
      wrong_pin: 'error.wrong_pin',
      no_person: 'error.no_person',
      role_forbids: 'error.role_forbids',
      person_forbids: 'error.person_forbids',
    };
    if (e instanceof ApiError && e.code === 'implausible_clock') {
      this.clockRefused = e.deviceTime ?? '';
      return;
    }
    if (e instanceof ApiError) {
      const key = known[e.code];
      this.say(key ? t(key) : t('error.generic', { message: e.message }), 'error');
    } else {
      this.say(t('error.generic', { message: String(e) }), 'error');
    }
  }

  /** Whether the person holding this device may do `action` (the commands refuse it otherwise). */
  may(action: Action): boolean {
    return this.permissions?.allowed.includes(action) ?? false;
  }

  /** Why a control is greyed out: the device's role, or else the person's. */
  whyNot(action: Action): MessageKey {
    const device = this.permissions?.deviceRole;
    if (device === 'viewer' || (device === 'field' && action === 'edit_catalog')) return 'forbidden.device';
    return 'forbidden.person';
  }

  can(role: 'team_leader' | 'supervisor'): boolean {
    const r = this.person?.role;
    if (role === 'supervisor') return r === 'supervisor';
    return r === 'team_leader' || r === 'supervisor';
  }
}

export const app = new AppModel();
