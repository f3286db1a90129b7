// The app's shared state: who holds the tablet, the catalog, what grows
// where, the sync badge, the current screen and the message of the moment.
// Screens read it and call `refresh` after a `doc-changed` event.
import { api, ApiError, events, type Action, type BedState, type Catalog, type ErrorParams, type Permissions, type Person, type Setup, type SyncState } from './api';
import { errorText, setLang, type MessageKey } from './i18n/index.svelte';

export type Screen =
  | 'today'
  | 'harvest'
  | 'observe'
  | 'garden'
  | 'bed'
  | 'planning'
  | 'conflicts'
  | 'reports'
  | 'sync'
  | 'task';

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
  /**
   * Another program (the CLI) holds the store: who, as far as its lock file
   * says. The app shows a plain message and a retry button instead of its
   * screens until the store opens.
   */
  storeBusy = $state<ErrorParams | null>(null);
  /** The task a task page was opened for. */
  taskId = $state<string | null>(null);
  /** Bumped on every `doc-changed`: screens re-read when it moves. */
  revision = $state(0);
  private listening = false;
  private toastTimer: ReturnType<typeof setTimeout> | null = null;

  async start(): Promise<void> {
    if (!this.listening) {
      this.listening = true;
      await events.onDocChanged(() => {
        void this.refresh();
      });
      await events.onSyncStatus((s) => {
        this.sync = s;
      });
    }
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

  openTask(id: string): void {
    this.taskId = id;
    this.screen = 'task';
  }

  say(text: string, kind: Toast['kind'] = 'info'): void {
    this.toast = { text, kind };
    if (this.toastTimer !== null) clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => (this.toast = null), 5000);
  }

  /** Shows a failed command in the person's language, from its code. */
  fail(e: unknown): void {
    if (e instanceof ApiError && e.code === 'implausible_clock') {
      this.clockRefused = e.params.deviceTime ?? '';
      return;
    }
    if (e instanceof ApiError && e.code === 'store_in_use') {
      this.storeBusy = e.params;
      return;
    }
    // The English diagnostic goes to the console, for whoever debugs.
    console.warn(e);
    if (e instanceof ApiError) this.say(errorText(e.code, e.params), 'error');
    else this.say(errorText('internal', {}), 'error');
  }

  /** Tries again to open the store another program held. */
  async retryStore(): Promise<void> {
    try {
      await api.openStore();
      this.storeBusy = null;
      await this.start();
    } catch (e) {
      this.fail(e);
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
