"""The physical view's scale-out, running locally: several ``fincore-payments`` instances sharing
one PostgreSQL database behind an nginx load balancer standing in for the ALB."""
