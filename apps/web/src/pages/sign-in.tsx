import { FormEvent, useState } from 'react';
import { ApiProblem } from '../api';
import { useLanguage } from '../i18n';
import { Me, saveKey, signIn } from '../session';

/** The key is the user's only credential: checked against `GET /api/me`, then kept in this tab. */
export const SignIn = ({
  why,
  onSignedIn,
}: {
  why: string | null;
  onSignedIn(key: string, me: Me): void;
}) => {
  const { t } = useLanguage();
  const [key, setKey] = useState('');
  // Signed out by the server (a revoked or expired key): say why.
  const [problem, setProblem] = useState<string | null>(why);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const me = await signIn(key.trim());
      saveKey(key.trim());
      onSignedIn(key.trim(), me);
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error.message : String(error));
    }
  };
  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-describedby="key-help">
        <h1>{t('title')}</h1>
        <label htmlFor="api-key">{t('apiKey')}</label>
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          value={key}
          onChange={(event) => setKey(event.target.value)}
          aria-invalid={problem !== null}
          aria-describedby="key-help key-problem"
          required
        />
        <p id="key-help" className="muted">
          {t('apiKeyHelp')}
        </p>
        {problem && (
          <p id="key-problem" className="problem" role="alert">
            {problem}
          </p>
        )}
        <button type="submit">{t('signIn')}</button>
      </form>
    </main>
  );
};
