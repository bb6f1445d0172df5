// The presented PDF by ticket (presentation/ticket.ts), for participants without an account session
// or kiosk token. Rule: the ticket's signature and expiry prove that this participant was admitted
// while this version was being presented in this meeting (at most TICKET_TTL_MS ago), and the
// version must still be presentable — shown to every invitee, current, not hidden — at the time of
// the fetch. Every refusal is the same bare 404, so a probe learns nothing.
import { DocumentIdSchema, DocumentVersionIdSchema, MeetingIdSchema } from '@diemcau/protocol';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AuditSink } from '../audit/log.js';
import type { BlobStore } from '../documents/blobs.js';
import type { DocumentStore } from '../documents/store.js';
import { presentableDocument } from './documents.js';
import type { PresentationTickets } from './ticket.js';

export interface TicketRouteDeps {
  tickets: Pick<PresentationTickets, 'verify'>;
  store: Pick<DocumentStore, 'document' | 'version'>;
  blobs: Pick<BlobStore, 'size' | 'open'>;
  audit: AuditSink;
}

const Params = z.object({
  meetingId: MeetingIdSchema,
  documentId: DocumentIdSchema,
  file: z.string().regex(/^dv_[A-Za-z0-9_-]{6,40}\.pdf$/),
});
const Query = z.object({ ticket: z.string().min(1).max(400) });

const notFound = (reply: FastifyReply): FastifyReply =>
  reply.code(404).header('cache-control', 'no-store').send({ code: 'not_found', message: 'not found' });

export function registerPresentationTicketRoutes(app: FastifyInstance, deps: TicketRouteDeps): void {
  app.get('/api/presentations/:meetingId/:documentId/:file', async (req, reply) => {
    const params = Params.safeParse(req.params);
    const query = Query.safeParse(req.query);
    if (!params.success || !query.success) return notFound(reply);
    const versionId = DocumentVersionIdSchema.parse(params.data.file.slice(0, -'.pdf'.length));
    const subject = { meetingId: params.data.meetingId, documentId: params.data.documentId, versionId };
    const participantId = await deps.tickets.verify(subject, query.data.ticket);
    if (participantId === null) return notFound(reply);
    let sha: string | null;
    try {
      await presentableDocument(deps.store, subject.meetingId, subject.documentId, versionId);
      const v = await deps.store.version(versionId);
      sha = v ? (v.kind === 'pdf' ? v.sha256 : v.pdfSha256) : null;
    } catch {
      return notFound(reply); // not_found / not_presentable: no detail for a ticket holder either
    }
    if (!sha) return notFound(reply);
    await deps.audit.record({
      action: 'document.access',
      actorLabel: `participant:${participantId}`,
      targetType: 'document',
      targetId: subject.documentId,
      ip: req.ip,
      detail: { versionId, rendition: 'pdf', via: 'presentation_ticket', meetingId: subject.meetingId },
    });
    return (
      reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', 'inline')
        // NOTE: the ticket is in the URL; no shared cache may keep the file under it.
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .header('cross-origin-resource-policy', 'same-origin')
        .header('referrer-policy', 'no-referrer')
        .header('content-length', await deps.blobs.size(sha))
        .send(deps.blobs.open(sha))
    );
  });
}
