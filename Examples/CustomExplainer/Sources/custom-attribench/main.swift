import AttriBenchCLI
import PositionPrior

// The whole attribench command line, with this package's explainer beside the built-ins.
AttriBench.main(additionalExplainers: PositionPriorExplainer.entries)
