"""What every part's private request thread shares: the message and file models, posting a message,
sharing and serving a private file, declining with a reason, and the messages API.

Deal flow (match requests), platforms (slot requests), funding (product requests) and the network
(brokerage requests) each keep their own request model, tables and rules: who the sides are, when the
thread is open, the wording of every notice. They hand those to the functions here as arguments and
hooks; nothing here imports a part.
"""
