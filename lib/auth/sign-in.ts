// Sign-in, shared by both modes: CSRF check, body parsing, throttling and the password check.
// Runtime: Node (route handlers). Unknown user and wrong password give the same 401, alike in time. A sign-in
// with a device cookie for its username is trusted: its own lane in the queues, its own counter (see SECURITY.md "Throttling").
import 'server-only';
import { getConfig } from '../config';
import { AuthError } from '../http/errors';
import { readJson } from '../http/route';
import { clientAddress } from './client-address';
import { assertSameOrigin } from './csrf';
import { DEVICE_COOKIE } from '../http/cookie-names';
import { readCookieCopies } from '../http/cookies';
import { requestHost } from '../http/request-origin';
import { deviceCookieClears, deviceSetCookie, issueDeviceCookie, newDeviceId, normalizeAccount, readTrustedDevice } from './device-cookie';
import { checkCredentials } from './password';
import { lifetimesFor, type Lifetimes } from './lifetimes';
import { HashQueue, HashQueueFull } from './hash-queue';
import { passwordHashing } from './scrypt';
import {
  deviceLockedOut,
  refundDeviceAttempt,
  refundLoginAttempt,
  reserveDeviceAttempt,
  reserveLoginAttempt,
  settleDeviceSignIn,
  settleSuccessfulSignIn,
} from './rate-limit';
import { Credentials } from './schemas';
import type { Transport } from './transport/transport';
import type { User } from './users';

export interface SignedIn {
  user: User;
  lifetimes: Lifetimes;
  /** When the account itself ends (throwaway users), ms since the epoch: no credential outlives it. */
  endsAt: number | undefined;
  /** Where the credential is to travel, as asked (absent: the mode's default). */
  transport: Transport | undefined;
  /**
   * The Set-Cookie values of the browser's device cookie for this user, issued afresh (same device id if it had a
   * valid one); when the request carried two copies (one tossed in?), clears for every copy first.
   */
  deviceCookies: string[];
}

/**
 * Sign-in attempts this process works on at once, before any store call: a burst beyond it is 429 at
 * once and never reaches the store, whose throttling counters every admitted attempt updates (without
 * this, a few hundred parallel guesses made the store miss its time budget for everyone). The waiting
 * attempt whose client address asks least (admitted lately, plus waiting now) goes first, and when all 32 places are
 * taken, an attempt from a quieter address takes the newest place of the busiest address (which gets
 * the 429) instead of being refused: nothing has been counted for a waiting attempt yet.
 */
const signInAdmission = new HashQueue({ concurrency: 16, perKey: 2, total: 32, evict: true, trusted: { perKey: 2, total: 16 } });

/** The queues' key for a trusted sign-in: its account (two waiting at most), never an address, so fresh addresses gain nothing. */
const trustedKey = (username: string) => `account:${normalizeAccount(username)}`;

export async function signIn(request: Request): Promise<SignedIn> {
  assertSameOrigin(request);
  const { username, password, lifetimes, transport } = await readJson(request, Credentials);
  const config = getConfig();
  const address = clientAddress(request, config);
  // A device cookie for this very username (read without the store): its attempt waits in admission's trusted lane.
  const device = readTrustedDevice(request, username, config.sessionPassword);
  const admissionLane = device === undefined ? 'untrusted' : 'trusted';
  const { account, trusted } = await signInAdmission.run(
    device === undefined ? address : trustedKey(username),
    async () => {
      // Admitted first, then the store: whether the device has used up its wrong guesses is a store read, and no
      // store call may come before admission (a burst carrying one device cookie would otherwise reach the store unbounded).
      const trusted = device !== undefined && !(await deviceLockedOut(username, device, config));
      const key = trusted ? trustedKey(username) : address;
      const lane = trusted ? 'trusted' : 'untrusted';
      // A place in the hashing queue first: a full queue refuses here, before anything is counted, so no
      // give-back lands after a racing attempt has already seen this one on the counters.
      const slot = passwordHashing.reserve(key, lane);
      // Counted before the hash: a refused attempt costs no scrypt, and parallel guesses can't overshoot. A
      // trusted attempt counts on its device's counter only; past that limit (parallel guesses with one
      // device cookie) it is counted as an untrusted one, and may be refused like one.
      let countedOnDevice = false;
      try {
        countedOnDevice = trusted && (await reserveDeviceAttempt(username, device.deviceId, config));
        if (!countedOnDevice) await reserveLoginAttempt(username, address, config);
      } catch (error) {
        slot.release();
        throw error;
      }
      const found = await checkCredentials(username, password, { address: key, slot })
        .catch(async (error: unknown) => {
          // A held place is never refused; should a queue refuse the hash all the same, the attempt is given back, as the 429 says.
          if (error instanceof HashQueueFull) {
            if (countedOnDevice && device) await refundDeviceAttempt(username, device.deviceId);
            else await refundLoginAttempt(username, address);
          }
          throw error;
        })
        .finally(() => slot.release());
      if (!found) throw new AuthError('invalid_credentials', 'The username or password is not right.');
      if (countedOnDevice && device) await settleDeviceSignIn(username, device.deviceId);
      else await settleSuccessfulSignIn(username, address);
      return { account: found, trusted };
    },
    admissionLane,
  );
  const chosen = lifetimesFor(config, lifetimes);
  const endsAt = account.expiresAt;
  // Keyed to the username as typed (normalized), the one a later attempt presents it for. A device that was
  // trusted keeps its id; any other browser (no cookie, another user's, one past its wrong guesses) gets a new one.
  const deviceId = trusted && device ? device.deviceId : newDeviceId();
  const deviceCookies = [
    // Several copies (some tossed in?): the edge lets them through and only one that proves this user counts
    // (`readTrustedDevice`); the others are cleared here (outside check "recheck", N4). Clears first, the new cookie last.
    ...(readCookieCopies(request, DEVICE_COOKIE).length > 1 ? deviceCookieClears(request, requestHost(request, config) ?? '') : []),
    deviceSetCookie(request, issueDeviceCookie(username, deviceId, config.sessionPassword)),
  ];
  return { user: account.user, lifetimes: endsAt === undefined ? chosen : capLifetimes(chosen, endsAt), endsAt, transport, deviceCookies };
}

/** A throwaway user's credentials end with the user: nothing it signs in with outlives it. */
export function capLifetimes(lifetimes: Lifetimes, endsAt: number, now = Date.now()): Lifetimes {
  const left = Math.max(1, Math.floor((endsAt - now) / 1000));
  return {
    accessTokenTtl: Math.min(lifetimes.accessTokenTtl, left),
    refreshTokenTtl: Math.min(lifetimes.refreshTokenTtl, left),
    sessionIdleTtl: Math.min(lifetimes.sessionIdleTtl, left),
    sessionAbsoluteTtl: Math.min(lifetimes.sessionAbsoluteTtl, left),
  };
}
