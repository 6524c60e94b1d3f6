import AttriBenchCLI

AttriBench.main()
