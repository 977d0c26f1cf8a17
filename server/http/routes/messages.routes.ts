// SPDX-License-Identifier: MIT
// /api/v1/conversations, /api/v1/messages, /api/v1/search.
import { Router } from 'express';
import * as z from 'zod';
import type { HttpAppDeps } from '../deps.js';
import type { ConversationInfo, MessageInfo } from '../contract/index.js';
import { hexHash, importPaperRequest, messageId, pageQuery, searchQuery, sendMessageRequest } from '../contract/index.js';
import { parse } from '../errors.js';
import { setDownloadHeaders } from '../security.js';

/** Attachments arrive base64-encoded in the JSON body; this bounds the whole request. */
export const SEND_BODY_LIMIT = '16mb';
const INLINE_IMAGE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function messagesRoutes(deps: HttpAppDeps): Router {
  const r = Router();
  const m = deps.messages;

  r.get('/conversations', (req, res) => {
    const q = parse(pageQuery, req.query);
    res.json({ conversations: m.conversations(q.before, q.limit) satisfies ConversationInfo[] });
  });
  r.get('/conversations/:peer/messages', (req, res) => {
    const q = parse(pageQuery, req.query);
    res.json({ messages: m.list(parse(hexHash, req.params.peer), q.before, q.limit) satisfies MessageInfo[] });
  });
  r.post('/conversations/:peer/read', (req, res) => {
    m.markRead(parse(hexHash, req.params.peer));
    res.status(204).end();
  });
  r.delete('/conversations/:peer', (req, res) => {
    m.deleteConversation(parse(hexHash, req.params.peer));
    res.status(204).end();
  });
  r.get('/search', (req, res) => {
    const q = parse(searchQuery, req.query);
    res.json({ messages: m.search(q.q, q.limit) satisfies MessageInfo[] });
  });

  r.post('/messages', (req, res) => {
    const body = parse(sendMessageRequest, req.body);
    const message = m.send({
      ...body,
      attachments: body.attachments.map((a) => ({ kind: a.kind, name: a.name, mime: a.mime.toLowerCase(), data: Buffer.from(a.data, 'base64') })),
    });
    res.status(201).json({ message: message satisfies MessageInfo });
  });
  r.post('/messages/paper', async (req, res) => {
    const { uri } = parse(importPaperRequest, req.body);
    res.status(201).json({ message: (await m.importPaper(uri)) satisfies MessageInfo });
  });
  r.get('/messages/:id', (req, res) => {
    res.json({ message: m.get(parse(messageId, req.params.id)) satisfies MessageInfo });
  });
  r.post('/messages/:id/retry', (req, res) => {
    res.json({ message: m.retry(parse(messageId, req.params.id)) satisfies MessageInfo });
  });
  r.post('/messages/:id/cancel', (req, res) => {
    res.json({ message: m.cancel(parse(messageId, req.params.id)) satisfies MessageInfo });
  });
  r.delete('/messages/:id', (req, res) => {
    m.delete(parse(messageId, req.params.id));
    res.status(204).end();
  });
  r.get('/messages/:id/attachments/:index', (req, res) => {
    const index = parse(z.coerce.number().int().min(0).max(255), req.params.index);
    const a = m.attachment(parse(messageId, req.params.id), index);
    setDownloadHeaders(res, a.name);
    res.type(INLINE_IMAGE.has(a.mime) ? a.mime : 'application/octet-stream').send(Buffer.from(a.data));
  });
  return r;
}
