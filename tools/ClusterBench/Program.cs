// CallCenter.ClusterBench: scaling, failover and drain figures of a cluster on this machine. See benchmark.sh.
using CallCenter.ClusterBench;

return await BenchRun.MainAsync(args);
