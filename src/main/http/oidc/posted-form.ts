import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthCookies, CookieSpec } from '../cookies';
import { optional, type ParamsRead } from '../params';
import type { InteractionSigner } from './interaction';
import { errorPage, sendPage } from './pages';

/** One of the hosted forms: its signer, the cookie its field is bound to, and how its refusals read. */
export interface HostedForm {
  signer: InteractionSigner;
  bindingCookie: CookieSpec;
  cookies: AuthCookies;
  /** The Origin check every cookie-authenticated request gets (CSRF). */
  sameOrigin: (req: FastifyRequest) => boolean;
  /** "Sign-in" or "Sign-out", as the error pages' titles begin. */
  action: string;
  /** What the user does to start over, after the reason a form cannot be used. */
  startOver: string;
}

/**
 * The field every hosted form carries: the pending request, signed. Each form's schema declares it
 * first, so a problem with it is the read's first problem.
 */
export const interactionParam = { interaction: optional(16_384) };

/**
 * A hosted form posted back (the login page, the logout confirmation), `read` with its endpoint's
 * schema: used only when it comes from this origin and carries the signed, unexpired field its
 * page was opened with, bound to this browser's cookie. The request it carries; or, once the
 * error page is sent, `sent`. A problem with the form's other fields is its endpoint's to judge.
 */
export function openPostedForm(
  req: FastifyRequest,
  reply: FastifyReply,
  form: HostedForm,
  read: ParamsRead<{ interaction?: string }>,
  now: number,
): { params: Record<string, string> } | { sent: FastifyReply } {
  if (!form.sameOrigin(req))
    return { sent: sendPage(reply, 403, errorPage(`${form.action} refused`, 'this form was sent from another site')) };
  const unreadable = !read.ok && (read.problem.name === null || read.problem.name === 'interaction');
  const interaction = read.ok ? read.params.interaction : read.valid.interaction;
  const opened = unreadable
    ? { problem: read.problem.message }
    : form.signer.open(interaction, form.cookies.read(req, form.bindingCookie), now);
  if ('problem' in opened)
    return {
      sent: sendPage(reply, 400, errorPage(`${form.action} form expired`, `${opened.problem}; ${form.startOver}`)),
    };
  return { params: opened.params };
}
