app_name = "dealflow"

urlpatterns = []
