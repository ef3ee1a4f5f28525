using System;
using Likelihood;
using SdeDsl.Examples;

return LikelihoodApp.Run(args, ExampleConsole.ForStandardOutput(), Console.Error);
