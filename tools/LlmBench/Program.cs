// CallCenter.LlmBench: the language-model turn benchmarks of issue #4. See benchmark.sh and the README's "Performance".
using CallCenter.LlmBench;

return await BenchCommand.RunAsync(args);
