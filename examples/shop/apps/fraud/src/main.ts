import express from 'express';
import { scoreRouter } from './score.route';

const app = express();
app.use(express.json({ limit: '16kb' }));

app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' });
});

app.use(scoreRouter);

const port = Number(process.env.PORT ?? 3003);
app.listen(port, () => {
  console.log(`[fraud] listening on :${port}`);
});
