'use client';

import { useState, type FormEvent } from 'react';

export function SignInForm({ busy, onSubmit }: { busy: boolean; onSubmit: (username: string, password: string) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(username, password);
  };
  const field = 'mt-1 block w-full rounded-md border border-line-strong bg-surface px-3 py-2 text-base';
  return (
    <form onSubmit={submit} className="flex flex-col gap-3" aria-label="Sign in">
      <label className="text-sm font-medium">
        Username
        <input
          className={field}
          name="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
      </label>
      <label className="text-sm font-medium">
        Password
        <input
          className={field}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
      </label>
      <button
        type="submit"
        disabled={busy}
        className="mt-1 rounded-md bg-accent-solid px-4 py-2 font-medium text-white hover:bg-accent-solid-hover disabled:opacity-60"
      >
        Sign in
      </button>
    </form>
  );
}
