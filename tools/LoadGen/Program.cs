// CallCenter.LoadGen: closed-loop load generator for the chat HTTP API. See README.md.
using CallCenter.LoadGen;

return await LoadRun.MainAsync(args);
