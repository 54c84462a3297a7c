class Portfolio:  # placeholder until the store lands
    pass
