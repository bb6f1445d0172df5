// The SMTP transport (nodemailer) behind the outbox, configured by SMTP_URL
// (e.g. smtp://127.0.0.1:2525 or smtps://user:pass@mail.phuong.gov.vn).
import nodemailer from 'nodemailer';
import type { MailMessage, MailTransport } from './outbox.js';

/** Default sender when MAIL_FROM is not set. */
export const DEFAULT_MAIL_FROM = 'Điểm Cầu <no-reply@diemcau.local>';

/** Parses `Name <addr>` (or a bare address) into its parts. */
export function parseMailbox(value: string): { name: string; email: string } {
  const m = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(value);
  if (m?.[2]) return { name: m[1] || m[2], email: m[2].trim() };
  return { name: value.trim(), email: value.trim() };
}

/** An SMTP transport for `url`, sending from `from`. */
export function createSmtpTransport(url: string, from: string = DEFAULT_MAIL_FROM): MailTransport {
  const transporter = nodemailer.createTransport(url);
  const sender = parseMailbox(from);
  return {
    async send(message: MailMessage): Promise<void> {
      await transporter.sendMail({
        from: { name: sender.name, address: sender.email },
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        attachments: message.attachments.map((a) => ({
          filename: a.filename,
          content: a.content,
          contentType: a.contentType,
        })),
      });
    },
    close: () => transporter.close(),
  };
}

/** The transport from the environment (SMTP_URL, MAIL_FROM), or null when mail is not configured. */
export function transportFromEnv(env: NodeJS.ProcessEnv = process.env): MailTransport | null {
  const url = env.SMTP_URL?.trim();
  if (!url) return null;
  return createSmtpTransport(url, env.MAIL_FROM?.trim() || DEFAULT_MAIL_FROM);
}
