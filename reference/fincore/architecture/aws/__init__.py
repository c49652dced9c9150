"""The AWS resources of the physical view, as troposphere objects, one module per concern.

Each module's ``resources(stack)`` returns the CloudFormation resources of its part of the
deployment; :mod:`fincore.architecture.cloudformation` claims them for the model's deployment
nodes and groups, so a resource no node lists (or a node listing a resource nobody builds) stops
the template from being written.
"""
