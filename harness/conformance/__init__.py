"""The conformance kit: whether a DMS declares as the contract requires, rule by rule, from what
the fakes' journals show it did (`rules.RULES`), with scenarios to put it through."""
