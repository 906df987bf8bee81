import type { ReactNode } from "react";
import { Link } from "react-router";

/** The frame of the signed-out pages: a small header and one centred card. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="auth-header">
        <Link to="/" className="brand">
          Steady
        </Link>
      </header>
      <main id="main" className="auth-main" tabIndex={-1}>
        <div className="card">
          <h1>{title}</h1>
          {children}
        </div>
      </main>
    </>
  );
}
