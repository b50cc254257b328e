"""Elections: register, nominations, voting, counting and certification."""
