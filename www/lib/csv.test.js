import { test } from "node:test";
import assert from "node:assert/strict";
import { f32Text, toCsv, dataCsv, historyCsv } from "./csv.js";

test("f32Text is the shortest decimal that reads back to the same f32", () => {
  assert.equal(f32Text(Math.fround(0.1)), "0.1");
  assert.equal(f32Text(Math.fround(-0.30000001)), "-0.3");
  assert.equal(f32Text(1), "1");
  assert.equal(f32Text(0), "0");
  assert.equal(f32Text(null), "");
  // Property: 20,000 random f32 bit patterns (finite) read back exactly, and no shorter text would.
  const bits = new Uint32Array(1), f = new Float32Array(bits.buffer);
  let s = 12345;
  for (let i = 0; i < 20000; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    bits[0] = s;
    if (!Number.isFinite(f[0])) continue;
    const t = f32Text(f[0]);
    assert.equal(Math.fround(Number(t)), f[0], `${f[0]} → ${t}`);
    const digits = t.replace(/^-/, "").replace(/e.*$/, "").replace(".", "").replace(/^0+/, "").replace(/0+$/, "").length;
    if (digits > 1) assert.notEqual(Math.fround(Number(f[0].toPrecision(digits - 1))), f[0], `${t} is not the shortest`);
  }
});

test("toCsv quotes fields with commas, quotes and line breaks", () => {
  assert.equal(toCsv(["a", "b"], [[1, 'say "hi", then'], [2.5, "x\ny"]]), 'a,b\n1,"say ""hi"", then"\n2.5,"x\ny"\n');
});

test("dataCsv marks train and test and names the label column by the task", () => {
  const train = Float32Array.from([0.5, -0.25, 1, 0.1, 0.2, 0]);
  const test = Float32Array.from([-1, 1, 2]);
  assert.equal(dataCsv(train, test, false), "x1,x2,label,set\n0.5,-0.25,1,train\n0.1,0.2,0,train\n-1,1,2,test\n");
  assert.match(dataCsv(Float32Array.from([0, 0, 0.75]), new Float32Array(0), true), /^x1,x2,value,set\n0,0,0.75,train\n$/);
});

test("historyCsv writes one line per sample, accuracy empty for regression", () => {
  const text = historyCsv([
    { it: 0, epoch: 0, train: Math.fround(0.25), test: Math.fround(0.26), trainAcc: 0.5, testAcc: 0.48 },
    { it: 50, epoch: 2, train: Math.fround(0.1), test: Math.fround(0.12), trainAcc: null, testAcc: undefined },
  ]);
  assert.equal(text, "epoch,iteration,train_cost,test_cost,train_accuracy,test_accuracy\n0,0,0.25,0.26,0.5,0.48\n2,50,0.1,0.12,,\n");
});
