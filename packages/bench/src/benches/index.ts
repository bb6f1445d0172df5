// Every benchmark, in the order a full run executes them (cheap and media-free ones first).
import { apiBench } from './api.js';
import { dbBench } from './db.js';
import { joinChromiumBench } from './join-chromium.js';
import { joinBench } from './join.js';
import { meetingCpuBench } from './meeting-cpu.js';
import { recoveryBench } from './recovery.js';
import { sfuCascadeBench } from './sfu-cascade.js';
import { sfuFanoutBench } from './sfu-fanout.js';
import { signallingBench } from './signalling.js';
import { weakLinesBench } from './weaklines.js';
import type { Bench } from './types.js';

export const BENCHES: readonly Bench[] = [
  apiBench,
  signallingBench,
  joinBench,
  joinChromiumBench,
  meetingCpuBench,
  sfuFanoutBench,
  sfuCascadeBench,
  dbBench,
  recoveryBench,
  weakLinesBench,
];
