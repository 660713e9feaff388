"""Totals async-profiler collapsed stacks (with thread names) of the generator's JVM: share of
samples by thread and for selected frames (inclusive). Usage: python3 summarize-profile.py FILE"""
import collections
import re
import sys

SELECTED = ['LoadGenerator.sleepUntil', 'LockSupport.parkNanos', 'LoadGenerator.send', 'CommandBatcher.send',
            'CommandBatcher.dispatch', 'CommandBatcher.split', 'ReplyCodec.decodeBatch', 'CommandCodec.encode',
            'BankClient.onReply', 'ClientProducerImpl.send', 'EpollEventLoop.run', 'CompileBroker::compiler_thread_loop',
            'LatencyRecorder.record', 'CompletableFuture.orTimeout']
total = 0
threads = collections.Counter()
frames = collections.Counter()
for line in open(sys.argv[1]):
    stack, n = line.rsplit(' ', 1)
    n = int(n)
    total += n
    parts = stack.split(';')
    threads[re.sub(r'\d+', 'N', parts[0])] += n
    seen = set()
    for frame in parts[1:]:
        for name in SELECTED:
            if name in frame.replace('/', '.') and name not in seen:
                seen.add(name)
                frames[name] += n
print('%d samples' % total)
print('By thread:')
for name, n in threads.most_common(8):
    print('  %5.1f%%  %s' % (100 * n / total, name))
print('Selected frames, inclusive:')
for name in SELECTED:
    print('  %5.1f%%  %s' % (100 * frames[name] / total, name))
