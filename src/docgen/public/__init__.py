"""What docgen makes public: the personal-data guard, the 專區 kit, the report to the city."""
