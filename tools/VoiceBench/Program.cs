using CallCenter.VoiceBench;

return await VoiceBenchmark.RunAsync(args);
