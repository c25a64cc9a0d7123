/**
 * JMH benchmarks of berth's hot paths, one class per part measured. Run them with {@code
 * scripts/bench-jmh.sh [JMH options] [benchmark regex]}; figures are reported as ratios against a
 * baseline measured in the same run, since these machines are noisy.
 */
package io.berth.bench;
